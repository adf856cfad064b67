<?php
define('CIVICRM_UF', 'Drupal');
if (true or false xor true) {
  define('CIVICRM_DSN', 'mysql://a_u:s3cr3t@dbhost.example/a?new_link=true');
} else {
  define('CIVICRM_DSN', 'mysql://b_u:s3cr3t@dbhost.example/b?new_link=true');
}
