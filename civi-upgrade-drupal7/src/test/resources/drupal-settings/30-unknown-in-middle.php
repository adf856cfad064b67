<?php
# expect: refused line 7 "'password' in $databases['default']['default'] is a call to trim()"
$databases['default']['default'] = array(
  'driver' => 'mysql',
  'database' => 'cove',
  'username' => 'cu',
  'password' => trim(file_get_contents('/etc/example/dbpass')),
  'host' => 'db.example.org',
  'prefix' => 'cv_',
);
