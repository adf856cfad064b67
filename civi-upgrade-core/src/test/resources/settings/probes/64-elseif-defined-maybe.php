<?php
if (getenv('CIVICRM_SETTINGS_ALT')) {
  define('CIVICRM_DSN', 'mysql://alt_u:s3cr3t@dbhost.example/alt');
}
define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
