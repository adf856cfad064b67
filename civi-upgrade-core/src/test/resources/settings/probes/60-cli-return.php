<?php
if (!defined('CIVICRM_DSN')) { define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true'); }
if (PHP_SAPI == 'cli') return;
define('CIVICRM_TEMPLATE_COMPILEDIR', '/web/tc/');
