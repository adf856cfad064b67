<?php
function _civi_old_settings() {
  define('CIVICRM_DSN', 'mysql://old_u:s3cr3t@dbhost.example/old?new_link=true');
}
define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
