<?php
if (!defined('CIVICRM_DSN')) define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
__halt_compiler();
define('CIVICRM_LOGGING_DSN', 'mysql://junk_u:s3cr3t@dbhost.example/junk');
