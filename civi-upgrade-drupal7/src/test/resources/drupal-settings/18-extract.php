<?php
# expect: refused line 4 "extract()"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'reed', 'username' => 'ru', 'password' => 'rp', 'host' => 'rh');
extract(array('databases' => array()));
