<?php
if (!defined('CIVICRM_UF')) {
  define('CIVICRM_UF', 'Drupal');
  if (!defined('CIVICRM_DSN')) {
    define('CIVICRM_DSN', 'mysql://nested_u:s3cr3t@dbhost.example/nested?new_link=true');
  }
}
