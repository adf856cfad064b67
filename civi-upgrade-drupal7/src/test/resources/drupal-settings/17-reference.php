<?php
# expect: refused line 4 "$databases other than a plain '=' assignment"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'quay', 'username' => 'qu', 'password' => 'qp', 'host' => 'qh');
$db = &$databases['default']['default'];
$db['database'] = 'ref';
