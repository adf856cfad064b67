<?php
# expect: refused line 4 "'host' in $databases['default']['default'] is the constant DB_HOST"
define('DB_HOST', 'db2.example.org');
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'vale', 'username' => 'vu', 'password' => 'vp', 'host' => DB_HOST, 'port' => '');
