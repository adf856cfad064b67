<?php
# expect: read
$databases = array('default' => array('default' => array('driver' => 'mysql', 'database' => 'marsh', 'username' => 'mu', 'password' => 'p@ss:w', 'host' => 'db.example.org', 'port' => '3312', 'prefix' => '',
  'pdo' => array(PDO::ATTR_TIMEOUT => 5), 'collation' => 'utf8_general_ci')));
