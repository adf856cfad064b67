<?php
define('CIVICRM_UF', 'Drupal');
switch (CIVICRM_UF) {
  case 'Drupal':
    define('CIVICRM_DSN', 'mysql://d_u:s3cr3t@dbhost.example/d?new_link=true');
    break;
}
