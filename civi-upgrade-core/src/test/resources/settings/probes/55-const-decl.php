<?php
const CIVICRM_DSN = 'mysql://const_u:s3cr3t@dbhost.example/constdb?new_link=true';
if (!defined('CIVICRM_DSN')) {
  define('CIVICRM_DSN', 'mysql://installer_u:s3cr3t@dbhost.example/inst?new_link=true');
}
