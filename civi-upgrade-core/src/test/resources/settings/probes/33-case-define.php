<?php
DEFINE ( "CIVICRM_DSN" , "mysql://dq_u:s3cr3t@dbhost.example/dq?new_link=true" ) ;
Define('CIVICRM_UF','Drupal');
define('civicrm_logging_dsn', 'mysql://lower_u:s3cr3t@dbhost.example/lower');
