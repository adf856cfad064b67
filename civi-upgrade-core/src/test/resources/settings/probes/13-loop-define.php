<?php
$local = array('CIVICRM_DSN' => 'mysql://loop_u:s3cr3t@dbhost.example/loopdb?new_link=true');
foreach ($local as $k => $v) {
  define($k, $v);
}
if (!defined('CIVICRM_DSN')) {
  define('CIVICRM_DSN', 'mysql://installer_u:s3cr3t@dbhost.example/installer?new_link=true');
}
