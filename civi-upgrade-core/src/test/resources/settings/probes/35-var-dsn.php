<?php
$dsn = 'mysql://var_u:s3cr3t@dbhost.example/vardb?new_link=true';
define('CIVICRM_DSN', $dsn);
