<?php
# expect: read
$databases['default']['default'] = [
  'driver' => 'mysql', 'database' => 'meadow', 'username' => 'mu', 'password' => "m\$w\x41\101\u{e9}", 'host' => '127.0.0.1', 'port' => 3311,
  'prefix' => ['default' => 'md_', 'users' => 'common_'],
];
