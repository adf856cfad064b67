<?php
# expect: refused line 5 "variable variable"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'gill', 'username' => 'gu', 'password' => 'gp', 'host' => 'gh');
$name = 'databases';
$$name = array();
