<?php
if (isset($_SERVER['HTTP_HOST']) && $_SERVER['HTTP_HOST'] == 'staging.example.org') {
  define('CIVICRM_DSN', 'mysql://st_u:s3cr3t@dbhost.example/staging?new_link=true');
}
else {
  define('CIVICRM_DSN', 'mysql://prod_u:s3cr3t@dbhost.example/prod?new_link=true');
}
define('CIVICRM_TEMPLATE_COMPILEDIR', '/tmp/tc/');
