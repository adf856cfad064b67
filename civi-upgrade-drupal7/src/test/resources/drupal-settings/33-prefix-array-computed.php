<?php
# expect: refused line 5 "'prefix' => array(users => ...) is the constant SHARED_PREFIX"
define('SHARED_PREFIX', 'shared_');
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'firth', 'username' => 'fu', 'password' => 'fp', 'host' => 'fh',
  'prefix' => array('default' => 'ft_', 'users' => SHARED_PREFIX));
