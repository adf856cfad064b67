<?php
# expect: refused line 4 "under a condition"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'prod', 'username' => 'u', 'password' => 'p', 'host' => 'h');
if ($_SERVER['HTTP_HOST'] == 'staging.example.org') $databases['default']['default']['database'] = 'staging';
