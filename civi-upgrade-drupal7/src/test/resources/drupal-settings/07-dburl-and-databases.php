<?php
# expect: read
$db_url = 'mysqli://old:old@oldhost/olddb';
$db_prefix = 'old_';
$databases = array('default' => array('default' => array('driver' => 'mysql', 'database' => 'heath', 'username' => 'hu', 'password' => 'hp', 'host' => 'hh')));
