<?php
# expect: refused "Unix socket"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'fen', 'username' => 'fu', 'password' => 'fp',
  'host' => 'localhost', 'unix_socket' => '/run/mysqld/other.sock');
