<?php
# expect: refused line 4 "getenv()"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'weir', 'username' => 'wu', 'password' => 'wp',
  'host' => getenv('DB_HOST') ?: 'db3.example.org', 'port' => getenv('DB_PORT') ?: '3307');
