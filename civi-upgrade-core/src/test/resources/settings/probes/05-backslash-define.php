<?php
\define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
if (!defined('CIVICRM_DSN')) {
  define('CIVICRM_DSN', 'mysql://installer_u:s3cr3t@dbhost.example/installer?new_link=true');
}
