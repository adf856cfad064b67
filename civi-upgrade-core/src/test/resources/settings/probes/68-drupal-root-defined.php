<?php
if (defined('DRUPAL_ROOT')) {
  define('CIVICRM_DSN', 'mysql://web_u:s3cr3t@dbhost.example/webdb?new_link=true');
}
else {
  // cv / standalone scripts
  define('CIVICRM_DSN', 'mysql://cli_u:s3cr3t@dbhost.example/clidb?new_link=true');
}
define('CIVICRM_TEMPLATE_COMPILEDIR', '/tmp/tc/');
