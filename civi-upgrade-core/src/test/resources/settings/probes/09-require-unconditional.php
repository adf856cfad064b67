<?php
require_once __DIR__ . '/08-local.inc';
if (!defined('CIVICRM_DSN')) {
  define('CIVICRM_DSN', 'mysql://installer_u:s3cr3t@dbhost.example/installer?new_link=true');
}
