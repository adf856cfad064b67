<?php
# expect: refused line 4 "'password' in $databases['default']['default'] is the variable $db_pass"
include __DIR__ . '/creds.inc';
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'bay', 'username' => 'bu', 'password' => $db_pass, 'host' => 'bh');
