<?php
# expect: refused line 4 "'password' in $databases['default']['default'] is the constant DB_PASS"
define('DB_PASS', 'nettle');
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'ness', 'username' => 'nu', 'password' => DB_PASS, 'host' => 'nh');
