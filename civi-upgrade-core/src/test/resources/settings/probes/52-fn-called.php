<?php
function civi_local_defines() {
  define('CIVICRM_DSN', 'mysql://fn_u:s3cr3t@dbhost.example/fndb?new_link=true');
}
civi_local_defines();
if (!defined('CIVICRM_DSN')) define('CIVICRM_DSN', 'mysql://installer_u:s3cr3t@dbhost.example/inst?new_link=true');
