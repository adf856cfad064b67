<?php
if (True && !Defined('CIVICRM_DSN')) { DEFINE('CIVICRM_DSN', 'mysql://a_u:s3cr3t@dbhost.example/a?new_link=true'); }
