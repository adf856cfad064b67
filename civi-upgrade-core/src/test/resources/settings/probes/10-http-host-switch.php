<?php
switch ($_SERVER['HTTP_HOST']) {
  case 'shop.example.com':
    define('CIVICRM_DSN', 'mysql://a_u:s3cr3t@dbhost.example/a_civi?new_link=true');
    break;
  default:
    define('CIVICRM_DSN', 'mysql://b_u:s3cr3t@dbhost.example/b_civi?new_link=true');
}
define('CIVICRM_TEMPLATE_COMPILEDIR', '/tmp/tc/');
