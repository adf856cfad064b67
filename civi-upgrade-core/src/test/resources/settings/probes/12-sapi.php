<?php
if (PHP_SAPI === 'cli') {
  define('CIVICRM_DSN', 'mysql://drush_u:s3cr3t@dbhost.example/drushdb?new_link=true');
}
if (!defined('CIVICRM_DSN')) {
  define('CIVICRM_DSN', 'mysql://web_u:s3cr3t@dbhost.example/webdb?new_link=true');
}
define('CIVICRM_TEMPLATE_COMPILEDIR', '/tmp/tc/');
