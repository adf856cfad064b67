<?php
$env = 'prod';
if ($env == 'prod') {
  define('CIVICRM_DSN', 'mysql://prod_u:s3cr3t@dbhost.example/prod?new_link=true');
}
