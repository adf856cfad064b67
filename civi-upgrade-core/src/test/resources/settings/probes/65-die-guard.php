<?php
defined('DRUPAL_ROOT') or die('No direct script access.');
$dsn = 'mysql://var_u:s3cr3t@dbhost.example/vardb?new_link=true';
define('CIVICRM_DSN', $dsn);
define('CIVICRM_TEMPLATE_COMPILEDIR','/tmp/tc/');
