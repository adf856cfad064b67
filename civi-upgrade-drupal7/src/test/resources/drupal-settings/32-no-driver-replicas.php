<?php
# expect: refused "has no 'driver'"
$databases['default']['default'] = array('database' => 'eyot', 'username' => 'eu', 'password' => 'ep', 'host' => 'eh');
