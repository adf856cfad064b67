<?php
# expect: refused line 4 "'prefix' in $databases['default']['default'] is the constant SITE_PREFIX"
define('SITE_PREFIX', 'site3_');
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'shared', 'username' => 'u', 'password' => 'p', 'host' => 'h', 'prefix' => SITE_PREFIX);
