<?php
if (!\defined('CIVICRM_UF')) {
    \define('CIVICRM_UF', 'Drupal');
}
if (!\defined('CIVICRM_DSN')) {
    \define('CIVICRM_DSN', 'mysql://u_u:s3cr3t@dbhost.example/db?new_link=true');
}
