<?php
# expect: read
/*
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'stale', 'username' => 'u', 'password' => 'p', 'host' => 'h');
*/
# $databases['default']['default']['database'] = 'stale2';
// $databases['default']['default']['database'] = 'stale3'; ?> <?php
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'isle', 'username' => 'iu', 'password' => 'ip', 'host' => 'ih');
