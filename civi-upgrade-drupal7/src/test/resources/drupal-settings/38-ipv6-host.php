<?php
# expect: read
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'kame', 'username' => 'ku', 'password' => 'kp', 'host' => '::1', 'port' => '3306');
