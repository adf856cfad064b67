<?php
eval("define('CIVICRM_DSN', 'mysql://eval_u:s3cr3t@dbhost.example/evaldb?new_link=true');");
if (!defined('CIVICRM_DSN')) define('CIVICRM_DSN', 'mysql://installer_u:s3cr3t@dbhost.example/inst?new_link=true');
