<?php
# expect: read
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'glen', 'username' => 'gu', 'password' => 'gp', 'host' => 'localhost');
$databases['default']['default']['database'] = 'glen_live';
$databases['default']['default']['password'] = 'gp_live';
