<?php
define('CIVICRM_DSN', $_ENV['CIVICRM_DSN'] ?? 'mysql://env_u:s3cr3t@dbhost.example/envdb?new_link=true');
