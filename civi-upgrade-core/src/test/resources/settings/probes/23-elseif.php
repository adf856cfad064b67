<?php
define('CIVICRM_UF', 'Drupal');
if (CIVICRM_UF === 'UnitTests') {
  define('CIVICRM_DSN', 'mysql://test_u:s3cr3t@dbhost.example/test?new_link=true');
} elseif (CIVICRM_UF == 'Drupal') {
  define('CIVICRM_DSN', 'mysql://drupal_u:s3cr3t@dbhost.example/dcivi?new_link=true');
} else if (CIVICRM_UF == 'WordPress') {
  define('CIVICRM_DSN', 'mysql://wp_u:s3cr3t@dbhost.example/wp?new_link=true');
} else {
  define('CIVICRM_DSN', 'mysql://else_u:s3cr3t@dbhost.example/else?new_link=true');
}
