<?php
define('CIVICRM_' . 'DSN', 'mysql://concat_u:s3cr3t@dbhost.example/concat?new_link=true');
if (!defined('CIVICRM_DSN')) define('CIVICRM_DSN', 'mysql://installer_u:s3cr3t@dbhost.example/installer?new_link=true');
