<?php
# expect: refused line 4 "'host' in $databases['default']['default'] is a call to isset() in an expression with '?'"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'dell', 'username' => 'du', 'password' => 'dp',
  'host' => isset($_SERVER['DB_HOST']) ? $_SERVER['DB_HOST'] : 'db.example.org', 'prefix' => 'dl_');
