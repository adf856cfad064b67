<?php
define('CIVICRM_UF', 'Drupal');
if (!defined('CIVICRM_DSN')) {
  define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
}
return;
define('CIVICRM_LOGGING_DSN', 'mysql://log_u:s3cr3t@dbhost.example/log?new_link=true');
