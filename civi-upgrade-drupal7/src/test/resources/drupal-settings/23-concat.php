<?php
# expect: read
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'yarrow', 'username' => 'yu', 'password' => 'yp',
  'host' => 'db' . '4.example.org', 'username' => 'y' . 2);
