<?php
# expect: read
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'first', 'username' => 'u', 'password' => 'p', 'host' => 'h');
$databases = array();
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'jetty', 'username' => 'ju', 'password' => 'jp', 'host' => 'jh');
