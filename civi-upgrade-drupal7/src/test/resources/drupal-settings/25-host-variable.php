<?php
# expect: refused line 4 "'host' in $databases['default']['default'] is the variable $host"
$host = 'db5.example.org';
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'acre', 'username' => 'au', 'password' => 'ap', 'host' => $host);
