<?php
# expect: refused line 5 "$databases"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'oak', 'username' => 'ou', 'password' => 'op', 'host' => 'oh');
function _example_old_db() {
  global $databases;
  $databases['default']['default']['database'] = 'old';
}
