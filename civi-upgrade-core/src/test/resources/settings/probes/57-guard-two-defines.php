<?php
if (!defined('CIVICRM_DSN')) {
  define('CIVICRM_DSN', 'mysql://two_u:s3cr3t@dbhost.example/two?new_link=true');
  define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);
}
