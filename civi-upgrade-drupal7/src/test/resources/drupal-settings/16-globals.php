<?php
# expect: refused line 4 "$GLOBALS"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'pine', 'username' => 'pu', 'password' => 'pp', 'host' => 'ph');
$GLOBALS['databases']['default']['default']['database'] = 'other';
