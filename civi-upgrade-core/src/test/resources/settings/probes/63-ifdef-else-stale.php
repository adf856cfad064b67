<?php
if (defined('CIVICRM_DSN')) {
  // already set by drush
} else {
  define('CIVICRM_DSN', 'mysql://else_u:s3cr3t@dbhost.example/else?new_link=true');
}
