<?php
# expect: refused line 4 "'port' in $databases['default']['default'] is a (int) cast"
define('SITE_PREFIX', 'site2_');
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'shared', 'username' => 'u', 'password' => 'p', 'host' => 'h', 'port' => (int) '3307', 'prefix' => SITE_PREFIX);
