<?php
# expect: refused line 4 "$databases other than a plain '=' assignment"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'sedge', 'username' => 'su', 'password' => 'sp', 'host' => 'sh');
$databases += array('default' => array('default' => array('database' => 'x')));
